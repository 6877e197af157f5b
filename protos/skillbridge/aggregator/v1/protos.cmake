# The aggregator service's protos (included from protos/CMakeLists.txt).
skillbridge_proto_library(NAME skillbridge_aggregator_proto GRPC
  PROTOS skillbridge/aggregator/v1/aggregator.proto
  DEPS skillbridge_common_proto)
