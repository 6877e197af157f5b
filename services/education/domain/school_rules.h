#pragma once
// Placeholder: the school rules are being written.
