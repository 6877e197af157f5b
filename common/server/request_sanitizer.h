#pragma once
// What the server keeps of a request before any handler sees it (docs/api.md, "Input and output
// fields"):
//  - unknown fields are discarded, at every depth (nothing a client invents is ever stored or
//    echoed back);
//  - fields annotated [(google.api.field_behavior) = OUTPUT_ONLY] are cleared, at every depth:
//    the server owns them (ids it assigns, states, times, versions, derived names), so a value a
//    client sets there is ignored, as AIP-203 requires, never stored.
// ServiceRuntime applies it to every request. The per-message-type plan (which fields to clear,
// which sub-messages can hold any) is computed once per type and cached.
// Thread-safe; modifies the message in place.

#include "google/protobuf/message.h"

namespace skillbridge {

void SanitizeRequest(google::protobuf::Message& request);

// Whether `field` carries (google.api.field_behavior) = OUTPUT_ONLY.
bool IsOutputOnly(const google::protobuf::FieldDescriptor& field);

}  // namespace skillbridge
