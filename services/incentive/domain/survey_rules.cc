// Placeholder: filled in by the part that owns it.
namespace skillbridge::incentive {}  // namespace skillbridge::incentive
