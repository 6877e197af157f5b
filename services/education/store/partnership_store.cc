// Placeholder: the partnership_store is being written.
#include "services/education/store/partnership_store.h"
