# The training service's protos (included from protos/CMakeLists.txt).
skillbridge_proto_library(NAME skillbridge_training_proto GRPC
  PROTOS skillbridge/training/v1/enums.proto
         skillbridge/training/v1/events.proto
         skillbridge/training/v1/training.proto
  DEPS skillbridge_common_proto)
