#pragma once
// The RPCs of skillbridge.competition.v1.CompetitionService: the one list besides the proto. Each
// row is X(Method, kind, roles allowed); common/server/rpc_table.h expands it into the handler
// declarations, the gRPC adapter and the permission table. Scope (the organiser's district and
// organisation, the entrant's employer or school) and the levels a role may organise
// (domain/competition_rules.h) are checked per record by the handlers. Who may call what is
// documented in docs/api.md and pinned by tests/competition/competition_permissions_test.cc.

#define SKILLBRIDGE_COMPETITION_RPCS(X)                                                          \
  X(CreateCompetition, kMutation, kAdmin | kDistrict | kInstitution)                             \
  X(GetCompetition, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)   \
  X(ListCompetitions, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService) \
  X(UpdateCompetition, kMutation, kAdmin | kDistrict | kInstitution)                             \
  X(FileCompetition, kMutation, kAdmin | kDistrict)                                              \
  X(OpenCompetition, kMutation, kAdmin | kDistrict | kInstitution)                               \
  X(CloseCompetition, kMutation, kAdmin | kDistrict | kInstitution)                              \
  X(CancelCompetition, kMutation, kAdmin | kDistrict | kInstitution)                             \
  X(AddContest, kMutation, kAdmin | kDistrict | kInstitution)                                    \
  X(GetContest, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)       \
  X(ListContests, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)     \
  X(RegisterEntry, kMutation, kAdmin | kDistrict | kInstitution)                                 \
  X(BatchRegisterEntries, kMutation, kAdmin | kDistrict | kInstitution)                          \
  X(GetEntry, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)         \
  X(ListEntries, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)      \
  X(PublishResults, kMutation, kAdmin | kDistrict | kInstitution)                                \
  X(CorrectResult, kMutation, kAdmin | kDistrict)                                                \
  X(GetCompetitionStats, kRead, kAdmin | kDistrict | kVerifier | kViewer | kService)             \
  X(ListEvents, kLongPoll, kAdmin | kService)                                                    \
  X(ListAuditEntries, kRead, kAdmin)
