// Placeholder: the student_store is being written.
#include "services/education/store/student_store.h"
