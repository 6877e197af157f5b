// Placeholder: the specialty rules are being written.
#include "services/education/domain/specialty_rules.h"
