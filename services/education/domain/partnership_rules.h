#pragma once
// Placeholder: the partnership rules are being written.
