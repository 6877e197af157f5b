// Placeholder: the school rules are being written.
#include "services/education/domain/school_rules.h"
