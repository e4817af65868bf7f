// Interface texts in English and French.
export const texts = {
  en: {
    format: "Format", fixAll: "Fix all", templates: "Templates", share: "Share", save: "Save", saveCopy: "Save a copy",
    open: "Open .fz", download: "Download", theme: "Dark theme", lightTheme: "Light theme", language: "Français",
    workflow: "Workflow", sequence: "Sequence", architecture: "Architecture", mindmap: "Mind map",
    zoomIn: "Zoom in", zoomOut: "Zoom out", fit: "Fit",
    valid: "No problems", errors: (n) => `${n} error${n === 1 ? "" : "s"}`, warnings: (n) => `${n} warning${n === 1 ? "" : "s"}`,
    stale: "Showing the last good picture: fix the errors to update it.",
    shared: "Share link (read only):", saved: (v) => `Saved, version ${v}. Keep this page's link; only this browser can edit.`,
    notOwner: "This diagram belongs to someone else: Save makes your own copy.",
    search: "Search templates…", close: "Close", all: "All", fix: "Fix", drop: "Drop a .fz file to open it",
    loadFailed: "Could not load: ", fixed: (n) => `${n} correction${n === 1 ? "" : "s"} applied`,
  },
  fr: {
    format: "Formater", fixAll: "Tout corriger", templates: "Modèles", share: "Partager", save: "Enregistrer", saveCopy: "Enregistrer une copie",
    open: "Ouvrir .fz", download: "Télécharger", theme: "Thème sombre", lightTheme: "Thème clair", language: "English",
    workflow: "Processus", sequence: "Séquence", architecture: "Architecture", mindmap: "Carte mentale",
    zoomIn: "Zoom avant", zoomOut: "Zoom arrière", fit: "Ajuster",
    valid: "Aucun problème", errors: (n) => `${n} erreur${n === 1 ? "" : "s"}`, warnings: (n) => `${n} avertissement${n === 1 ? "" : "s"}`,
    stale: "Dernière image valide affichée : corrigez les erreurs pour la mettre à jour.",
    shared: "Lien de partage (lecture seule) :", saved: (v) => `Enregistré, version ${v}. Gardez le lien de cette page ; seul ce navigateur peut modifier.`,
    notOwner: "Ce diagramme appartient à quelqu'un d'autre : Enregistrer crée votre copie.",
    search: "Rechercher un modèle…", close: "Fermer", all: "Tous", fix: "Corriger", drop: "Déposez un fichier .fz pour l'ouvrir",
    loadFailed: "Chargement impossible : ", fixed: (n) => `${n} correction${n === 1 ? "" : "s"} appliquée${n === 1 ? "" : "s"}`,
  },
};
