#pragma once
// The RPCs of skillbridge.aggregator.v1.AggregatorService: the one list besides the proto. Each
// row is X(Method, kind, roles allowed); common/server/rpc_table.h expands it into the handler
// declarations, the gRPC adapter and the permission table, which the HTTP JSON API checks too
// (it calls the same handlers through the same runtime). GetTalentProfile shows each caller what
// their role may read of the person in the sources (profile_handlers.cc: ADMIN and SERVICE all, a
// DISTRICT_OFFICER their district's records, VERIFIER the verification view). Who
// may call what is documented in docs/api.md and pinned by
// tests/aggregator/aggregator_permissions_test.cc.

#define SKILLBRIDGE_AGGREGATOR_RPCS(X)                                                               \
  X(ListIndicators, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)       \
  X(GetDashboard, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)         \
  X(GetTrend, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)             \
  X(GetDistrictRanking, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)   \
  X(GetIndustryChainView, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService) \
  X(SetTarget, kMutation, kAdmin)                                                                    \
  X(ListTargets, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)          \
  X(GetTalentProfile, kRead, kAdmin | kVerifier | kService | kDistrict)                              \
  X(GetSourceStatus, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)      \
  X(RebuildViews, kMutation, kAdmin)                                                                 \
  X(ListAuditEntries, kRead, kAdmin)
