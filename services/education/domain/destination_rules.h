#pragma once
// Placeholder: the destination rules are being written.
