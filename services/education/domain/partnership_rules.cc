// Placeholder: the partnership rules are being written.
#include "services/education/domain/partnership_rules.h"
