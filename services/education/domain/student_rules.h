#pragma once
// Placeholder: the student rules are being written.
