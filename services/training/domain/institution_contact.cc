#include "services/training/domain/institution_contact.h"

#include "common/util/concat.h"
#include "common/validation/codes.h"

namespace skillbridge::training {

absl::Status ValidateContactPhone(std::string_view phone, std::string_view field, bool required) {
  if (phone.empty()) {
    return required ? InvalidArgumentError(field, "a contact phone number is required") : absl::OkStatus();
  }
  int digits = 0;
  for (const char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '+' && c != '-' && c != ' ') {
      return InvalidArgumentError(field, "only digits, '+', '-' and spaces are allowed");
    }
  }
  if (static_cast<int>(phone.size()) > kMaxContactPhoneChars) {
    return InvalidArgumentError(field, Concat("at most ", kMaxContactPhoneChars, " characters"));
  }
  if (digits < kMinContactPhoneDigits) {
    return InvalidArgumentError(field, Concat("at least ", kMinContactPhoneDigits, " digits"));
  }
  return absl::OkStatus();
}

absl::Status ValidateContactEmail(std::string_view email, std::string_view field) {
  if (email.empty()) {
    return absl::OkStatus();
  }
  constexpr std::string_view kShape = "an e-mail address such as peixun@example.cn";
  if (static_cast<int>(email.size()) > kMaxContactEmailChars) {
    return InvalidArgumentError(field, Concat("at most ", kMaxContactEmailChars, " characters"));
  }
  for (const char c : email) {
    if (c <= ' ' || c > '~') {
      return InvalidArgumentError(field, Concat(kShape, ", without spaces or non-ASCII characters"));
    }
  }
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return InvalidArgumentError(field, kShape);
  }
  const std::string_view domain = email.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == std::string_view::npos || domain.front() == '.' || domain.back() == '.') {
    return InvalidArgumentError(field, kShape);
  }
  return absl::OkStatus();
}

void ValidateInstitutionContact(const InstitutionContact& contact, bool name_and_phone_required,
                                FieldViolations& violations) {
  violations.AddStatus(
      ValidateText(contact.contact_name, "contact_name", name_and_phone_required, kMaxContactNameChars),
      "contact_name");
  violations.AddStatus(ValidateContactPhone(contact.contact_phone, "contact_phone", name_and_phone_required),
                       "contact_phone");
  violations.AddStatus(ValidateText(contact.address, "address", /*required=*/false, kMaxAddressChars), "address");
  violations.AddStatus(ValidateContactEmail(contact.contact_email, "contact_email"), "contact_email");
}

void ReplaceInstitutionContact(const InstitutionContact& contact, v1::Institution* institution) {
  institution->set_contact_name(contact.contact_name);
  institution->set_contact_phone(contact.contact_phone);
  institution->set_address(contact.address);
  institution->set_contact_email(contact.contact_email);
}

}  // namespace skillbridge::training
