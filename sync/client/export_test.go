package client

// ApplyDossierState is the dossier_state command's work, for tests of its refusals
// without a hub in between.
var ApplyDossierState = (*Worker).applyDossierState
