// Placeholder: the student rules are being written.
#include "services/education/domain/student_rules.h"
