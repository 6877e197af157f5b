#pragma once
// The RPCs of skillbridge.incentive.v1.IncentiveService: the one list besides the proto. Each row
// is X(Method, kind, roles allowed); common/server/rpc_table.h expands it into the handler
// declarations, the gRPC adapter and the permission table. Scope (an institution's own rows and
// employees, a district officer's district) is checked per record by the handlers. Who may call
// what is documented in docs/api.md and pinned by tests/incentive/incentive_permissions_test.cc.

#define SKILLBRIDGE_INCENTIVE_RPCS(X)                                                                  \
  X(SubmitWageSurveys, kMutation, kAdmin | kDistrict | kInstitution)                                   \
  X(GetWageSurvey, kRead, kAdmin | kDistrict | kInstitution | kViewer | kService)                      \
  X(ListWageSurveys, kRead, kAdmin | kDistrict | kViewer | kService)                                   \
  X(CloseSurveyYear, kMutation, kAdmin)                                                                \
  X(GetWageSurveySummary, kRead, kAdmin | kDistrict | kVerifier | kViewer | kService)                  \
  X(CreateHonourProgramme, kMutation, kAdmin)                                                          \
  X(GetHonourProgramme, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)     \
  X(ListHonourProgrammes, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)   \
  X(CloseHonourProgramme, kMutation, kAdmin)                                                           \
  X(NominateForHonour, kMutation, kAdmin | kDistrict | kInstitution)                                   \
  X(GetNomination, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)          \
  X(ListNominations, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)        \
  X(StartNominationReview, kMutation, kAdmin | kDistrict)                                              \
  X(AwardNomination, kMutation, kAdmin)                                                                \
  X(RejectNomination, kMutation, kAdmin | kDistrict)                                                   \
  X(WithdrawNomination, kMutation, kAdmin | kDistrict | kInstitution)                                  \
  X(ListLeadingTalents, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)     \
  X(CreatePlatform, kMutation, kAdmin | kDistrict)                                                     \
  X(GetPlatform, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)            \
  X(ListPlatforms, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)          \
  X(RevokePlatform, kMutation, kAdmin)                                                                 \
  X(RecordPlatformEvaluation, kMutation, kAdmin | kDistrict)                                           \
  X(GrantPlatformFunding, kMutation, kAdmin)                                                           \
  X(MarkFundingPaid, kMutation, kAdmin)                                                                \
  X(CancelFunding, kMutation, kAdmin)                                                                  \
  X(ListPlatformFundings, kRead, kAdmin | kDistrict | kInstitution | kViewer | kService)               \
  X(ApplyCareerBridge, kMutation, kAdmin | kDistrict | kInstitution)                                   \
  X(GetBridgeApplication, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)   \
  X(ListBridgeApplications, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService) \
  X(ApproveBridgeApplication, kMutation, kAdmin | kDistrict)                                           \
  X(RejectBridgeApplication, kMutation, kAdmin | kDistrict)                                            \
  X(WithdrawBridgeApplication, kMutation, kAdmin | kDistrict | kInstitution)                           \
  X(ListBridgePolicies, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)     \
  X(GetIncentiveStats, kRead, kAdmin | kDistrict | kVerifier | kViewer | kService)                     \
  X(ListEvents, kLongPoll, kAdmin | kService)                                                          \
  X(ListAuditEntries, kRead, kAdmin)
