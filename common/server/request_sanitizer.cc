#include "common/server/request_sanitizer.h"

#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "google/api/field_behavior.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace skillbridge {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Per message type: the output-only fields to clear, and the message fields (singular or
// repeated) whose type can hold output-only fields somewhere below.
struct Plan {
  std::vector<const FieldDescriptor*> clear;
  std::vector<const FieldDescriptor*> descend;
};

class PlanCache final {
 public:
  const Plan& For(const Descriptor* type) {
    absl::MutexLock lock(&mu_);
    return PlanLocked(type);
  }

 private:
  const Plan& PlanLocked(const Descriptor* type) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (auto it = plans_.find(type); it != plans_.end()) {
      return *it->second;
    }
    auto owned = std::make_unique<Plan>();
    Plan& plan = *owned;
    plans_.emplace(type, std::move(owned));
    in_progress_.insert(type);
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (IsOutputOnly(*field)) {
        plan.clear.push_back(field);
        continue;
      }
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_map()) {
        continue;
      }
      const Descriptor* sub = field->message_type();
      // A type still being planned (recursion) may hold some: descend to be safe.
      bool may_hold = in_progress_.contains(sub);
      if (!may_hold) {
        const Plan& sub_plan = PlanLocked(sub);
        may_hold = !sub_plan.clear.empty() || !sub_plan.descend.empty();
      }
      if (may_hold) {
        plan.descend.push_back(field);
      }
    }
    in_progress_.erase(type);
    return plan;
  }

  absl::Mutex mu_;
  absl::flat_hash_map<const Descriptor*, std::unique_ptr<Plan>> plans_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<const Descriptor*> in_progress_ ABSL_GUARDED_BY(mu_);
};

PlanCache& Plans() {
  static auto* cache = new PlanCache();
  return *cache;
}

void ClearOutputOnly(Message& message) {
  const Plan& plan = Plans().For(message.GetDescriptor());
  const Reflection* reflection = message.GetReflection();
  for (const FieldDescriptor* field : plan.clear) {
    reflection->ClearField(&message, field);
  }
  for (const FieldDescriptor* field : plan.descend) {
    if (field->is_repeated()) {
      const int size = reflection->FieldSize(message, field);
      for (int i = 0; i < size; ++i) {
        ClearOutputOnly(*reflection->MutableRepeatedMessage(&message, field, i));
      }
    } else if (reflection->HasField(message, field)) {
      ClearOutputOnly(*reflection->MutableMessage(&message, field));
    }
  }
}

}  // namespace

bool IsOutputOnly(const FieldDescriptor& field) {
  const auto& options = field.options();
  const int count = options.ExtensionSize(google::api::field_behavior);
  for (int i = 0; i < count; ++i) {
    if (options.GetExtension(google::api::field_behavior, i) == google::api::OUTPUT_ONLY) {
      return true;
    }
  }
  return false;
}

void SanitizeRequest(Message& request) {
  request.DiscardUnknownFields();
  ClearOutputOnly(request);
}

}  // namespace skillbridge
