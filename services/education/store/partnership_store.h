#pragma once
// Placeholder: the partnership_store is being written.
