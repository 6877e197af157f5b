#pragma once
// Placeholder: the student_store is being written.
