Counselling centres: States (Bundesländer) with onboarding contacts and participation flags,
CounsellingCentre and CounsellingOffer with validated fields (limits, plain text, finite
coordinates, raster logos, strict booleans), geocoding from GeoNames postcodes, roles
CentreEditor/StateEditor, centre_workflow/offer_workflow with versioning (30 versions kept,
revert through `@history`), registry-backed vocabularies with a control panel, bulk
import/export (`make import`, `make export`, `@centres-export`) and ~200 fictional example
centres.
