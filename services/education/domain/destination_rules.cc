// Placeholder: the destination rules are being written.
#include "services/education/domain/destination_rules.h"
