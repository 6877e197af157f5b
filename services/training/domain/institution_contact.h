#pragma once
// The contact details of a training institution (contact person, phone, training-site address,
// e-mail): their format rules, and the one place that writes them onto an Institution record.
// An institution may change these fields of its own record (UpdateInstitutionContact) and
// nothing else: kind, status, district, name and approved occupations are decided by the
// district bureau and the city bureau (UpdateInstitution). Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/status/errors.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

inline constexpr int kMaxContactNameChars = 50;
inline constexpr int kMaxContactPhoneChars = 20;
inline constexpr int kMinContactPhoneDigits = 5;
inline constexpr int kMaxAddressChars = 200;
inline constexpr int kMaxContactEmailChars = 100;

struct InstitutionContact {
  std::string contact_name;
  std::string contact_phone;
  std::string address;
  std::string contact_email;
};

// A phone number: at most 20 characters of digits, '+', '-' and spaces, with at least 5 digits
// (e.g. "0532-85912345", "+86 138 0532 0000", "12333"). Empty is accepted unless `required`.
// INVALID_ARGUMENT naming `field` otherwise.
absl::Status ValidateContactPhone(std::string_view phone, std::string_view field, bool required);

// An e-mail address: empty, or at most 100 printable ASCII characters without spaces, of the form
// local@domain with exactly one '@', a non-empty local part and a domain that contains a dot
// neither first nor last. INVALID_ARGUMENT naming `field` otherwise.
absl::Status ValidateContactEmail(std::string_view email, std::string_view field);

// Every contact field, reported under its own name (contact_name, contact_phone, address,
// contact_email). When `name_and_phone_required`, an empty contact person or phone is a
// violation too (the bureau must be able to reach the institution).
void ValidateInstitutionContact(const InstitutionContact& contact, bool name_and_phone_required,
                                FieldViolations& violations);

// Writes the four contact fields onto `institution` as given (empty clears), leaving every other
// field as it is.
void ReplaceInstitutionContact(const InstitutionContact& contact, v1::Institution* institution);

}  // namespace skillbridge::training
