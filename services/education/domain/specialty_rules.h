#pragma once
// Placeholder: the specialty rules are being written.
