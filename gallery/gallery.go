// Package gallery is flowzap's template gallery: original FlowZap Code
// templates in categories, each with a title and description in English
// and French, embedded in the binary. Every template passes
// `flowzap check --strict` (a test makes sure).
package gallery

import (
	"embed"
	"sort"
	"strings"
)

//go:embed templates/*.fz
var files embed.FS

// Categories, in display order, with their names in English and French.
var Categories = []Category{
	{"patterns", "Patterns", "Patrons"},
	{"devops", "DevOps", "DevOps"},
	{"security", "Security", "Sécurité"},
	{"business", "Business operations", "Opérations métier"},
	{"architecture", "Architecture", "Architecture"},
	{"ai-agents", "AI agents", "Agents IA"},
}

// Category groups templates.
type Category struct {
	ID string `json:"id"`
	EN string `json:"en"`
	FR string `json:"fr"`
}

// Text is a text in English and French.
type Text struct {
	EN string `json:"en"`
	FR string `json:"fr"`
}

// Template is one gallery entry.
type Template struct {
	ID          string `json:"id"`
	Category    string `json:"category"`
	View        string `json:"view"` // the view it reads best in
	Title       Text   `json:"title"`
	Description Text   `json:"description"`
	Code        string `json:"code,omitempty"`
}

var all = []Template{
	{"saga-orchestration", "patterns", "workflow", Text{"Saga orchestration", "Orchestration Saga"},
		Text{"Distributed transaction across order, payment and shipping services, with compensation and automatic rollback when a step fails.",
			"Transaction distribuée entre les services commande, paiement et expédition, avec compensation et retour arrière automatique en cas d'échec."}, ""},
	{"blue-green-deployment", "devops", "workflow", Text{"Blue-green deployment", "Déploiement blue-green"},
		Text{"Parallel environments, smoke tests, load balancer switch and instant rollback.",
			"Environnements parallèles, tests de fumée, bascule de l'équilibreur de charge et retour arrière instantané."}, ""},
	{"ab-testing", "patterns", "workflow", Text{"A/B testing", "Test A/B"},
		Text{"Split visitors between two versions and keep the one that performs better.",
			"Répartir les visiteurs entre deux versions et garder celle qui donne les meilleurs résultats."}, ""},
	{"api-gateway", "architecture", "workflow", Text{"API gateway", "Passerelle d'API"},
		Text{"Authentication, rate limiting, routing to backend services, response aggregation and error handling.",
			"Authentification, limitation de débit, routage vers les services, agrégation des réponses et gestion des erreurs."}, ""},
	{"audit-logging", "security", "workflow", Text{"Audit logging", "Journalisation d'audit"},
		Text{"Record every sensitive action in a tamper-evident trail for compliance.",
			"Enregistrer chaque action sensible dans une piste infalsifiable, à des fins de conformité."}, ""},
	{"user-authentication-mfa", "security", "workflow", Text{"Sign-in with MFA", "Connexion avec MFA"},
		Text{"Credential check, multi-factor challenge, JWT issue, session creation and failed-attempt tracking.",
			"Vérification des identifiants, défi MFA, émission d'un JWT, création de session et suivi des tentatives échouées."}, ""},
	{"permission-check", "security", "workflow", Text{"Permission check", "Vérification des permissions"},
		Text{"Authorise every action against roles and policies before it runs.",
			"Autoriser chaque action selon les rôles et les politiques avant son exécution."}, ""},
	{"event-driven-processing", "patterns", "workflow", Text{"Event-driven processing", "Traitement piloté par événements"},
		Text{"Producer, message broker with dead-letter queue, and a consumer that reacts to each event type.",
			"Producteur, courtier de messages avec file de lettres mortes, et un consommateur qui réagit à chaque type d'événement."}, ""},
	{"canary-release", "devops", "workflow", Text{"Canary release", "Déploiement canari"},
		Text{"Send a small share of traffic to the new version, promote it or roll it back on the metrics.",
			"Envoyer une petite part du trafic à la nouvelle version, puis la promouvoir ou la retirer selon les métriques."}, ""},
	{"feature-flag-rollout", "devops", "workflow", Text{"Feature flag rollout", "Déploiement par feature flag"},
		Text{"Widen a feature's audience step by step and switch it off at once if results are bad.",
			"Élargir l'audience d'une fonctionnalité pas à pas et la désactiver aussitôt si les résultats sont mauvais."}, ""},
	{"ci-cd-pipeline", "devops", "workflow", Text{"CI/CD pipeline", "Pipeline CI/CD"},
		Text{"Build, test, scan, stage and promote to production behind an approval gate.",
			"Compiler, tester, analyser, déployer en préproduction puis en production après approbation."}, ""},
	{"database-migration", "devops", "workflow", Text{"Zero-downtime migration", "Migration sans interruption"},
		Text{"Expand, backfill in batches and contract a database schema without downtime.",
			"Étendre, remplir par lots puis contracter un schéma de base de données sans interruption."}, ""},
	{"disaster-recovery", "devops", "workflow", Text{"Disaster recovery", "Reprise après sinistre"},
		Text{"Fail over to the standby region when the primary is down, then plan the fail-back.",
			"Basculer vers la région de secours quand la principale est tombée, puis préparer le retour."}, ""},
	{"incident-response", "devops", "workflow", Text{"Incident response", "Gestion d'incident"},
		Text{"From alert to post-mortem, with escalation when mitigation takes too long.",
			"De l'alerte au post-mortem, avec escalade quand la mitigation tarde."}, ""},
	{"password-reset", "security", "sequence", Text{"Password reset", "Réinitialisation du mot de passe"},
		Text{"Email a one-time link with rate limiting, expiry and session revocation.",
			"Envoyer un lien à usage unique avec limitation de débit, expiration et révocation des sessions."}, ""},
	{"oauth-authorization-code", "security", "sequence", Text{"OAuth authorization code + PKCE", "OAuth code d'autorisation + PKCE"},
		Text{"Sign a user in through an identity provider with the authorization code flow and PKCE.",
			"Connecter un utilisateur via un fournisseur d'identité avec le flux code d'autorisation et PKCE."}, ""},
	{"secret-rotation", "security", "workflow", Text{"Secret rotation", "Rotation des secrets"},
		Text{"Rotate a database password with no downtime: create, roll out, verify, revoke.",
			"Changer un mot de passe de base de données sans interruption : créer, diffuser, vérifier, révoquer."}, ""},
	{"vulnerability-triage", "security", "workflow", Text{"Vulnerability triage", "Tri des vulnérabilités"},
		Text{"Reproduce, score, fix and disclose a reported security issue.",
			"Reproduire, évaluer, corriger et publier une faille de sécurité signalée."}, ""},
	{"invoice-approval", "business", "workflow", Text{"Invoice approval", "Approbation des factures"},
		Text{"Match invoices to purchase orders and route large ones to a finance manager.",
			"Rapprocher les factures des bons de commande et soumettre les plus grosses à un responsable financier."}, ""},
	{"refund-request", "business", "workflow", Text{"Refund request", "Demande de remboursement"},
		Text{"Check the policy, refund the card and send a credit note, or explain a refusal.",
			"Vérifier la politique, rembourser la carte et envoyer un avoir, ou expliquer un refus."}, ""},
	{"support-ticket", "business", "workflow", Text{"Support ticket", "Ticket de support"},
		Text{"Triage tickets, answer from the knowledge base, escalate real bugs to engineering.",
			"Trier les tickets, répondre avec la base de connaissances, transmettre les vrais bogues à l'ingénierie."}, ""},
	{"employee-onboarding", "business", "workflow", Text{"Employee onboarding", "Intégration d'un salarié"},
		Text{"Assigned tasks across HR, IT and the hiring team for a new employee's first days.",
			"Tâches assignées aux RH, à l'informatique et à l'équipe pour les premiers jours d'un nouveau salarié."}, ""},
	{"customer-onboarding-kyc", "business", "workflow", Text{"Customer onboarding (KYC)", "Entrée en relation (KYC)"},
		Text{"Identity verification, sanctions screening and enhanced review for high-risk applicants.",
			"Vérification d'identité, filtrage des sanctions et revue renforcée pour les dossiers à risque."}, ""},
	{"hiring-pipeline", "business", "workflow", Text{"Hiring pipeline", "Processus de recrutement"},
		Text{"Screen, interview and make an offer, with a kind rejection at each exit.",
			"Présélection, entretiens et offre, avec un refus courtois à chaque sortie."}, ""},
	{"etl-pipeline", "architecture", "workflow", Text{"Nightly ETL pipeline", "Pipeline ETL nocturne"},
		Text{"Extract, validate, transform and load data, quarantining bad batches.",
			"Extraire, valider, transformer et charger les données, en isolant les lots invalides."}, ""},
	{"architecture-web-app", "architecture", "architecture", Text{"Web application tiers", "Couches d'une application web"},
		Text{"Users, edge, application services and data tier with what flows between them.",
			"Utilisateurs, périphérie, services applicatifs et données, avec ce qui circule entre eux."}, ""},
	{"cqrs-read-write", "architecture", "architecture", Text{"CQRS", "CQRS"},
		Text{"Commands update a write model; a projector feeds the read model that queries use.",
			"Les commandes modifient le modèle d'écriture ; un projecteur alimente le modèle de lecture."}, ""},
	{"microservices-with-cache", "architecture", "workflow", Text{"Cache-aside service", "Service avec cache (cache-aside)"},
		Text{"Serve from the cache when possible, load from the database and fill the cache otherwise.",
			"Servir depuis le cache si possible, sinon lire la base de données et remplir le cache."}, ""},
	{"sequence-login", "architecture", "sequence", Text{"Login request", "Requête de connexion"},
		Text{"A browser and an API exchange a login request and its answer.",
			"Un navigateur et une API échangent une requête de connexion et sa réponse."}, ""},
	{"ai-agent-tool-loop", "ai-agents", "workflow", Text{"Coding agent tool loop", "Boucle d'outils d'un agent de code"},
		Text{"An AI coding agent plans, calls tools and checks its work until tests pass or it needs a human.",
			"Un agent de code planifie, appelle des outils et vérifie son travail jusqu'au succès des tests ou l'appel à un humain."}, ""},
	{"rag-question-answering", "ai-agents", "workflow", Text{"RAG question answering", "Questions-réponses RAG"},
		Text{"Search your documents, then let a model answer with sources, or say it does not know.",
			"Chercher dans vos documents, puis laisser un modèle répondre avec ses sources, ou dire qu'il ne sait pas."}, ""},
	{"human-in-the-loop-review", "ai-agents", "workflow", Text{"Human in the loop", "Humain dans la boucle"},
		Text{"An agent drafts replies; a person approves or asks for changes before anything is sent.",
			"Un agent rédige ; une personne approuve ou demande des changements avant tout envoi."}, ""},
	{"multi-agent-research", "ai-agents", "workflow", Text{"Multi-agent research", "Recherche multi-agents"},
		Text{"A planner splits a question between worker agents, a critic checks claims, findings are merged.",
			"Un planificateur répartit la question entre des agents, un critique vérifie, les résultats sont fusionnés."}, ""},
	{"mindmap-product-launch", "business", "mindmap", Text{"Product launch mind map", "Carte mentale de lancement"},
		Text{"Audience, channels, pricing and risks of a launch, as a mind map.",
			"Public, canaux, prix et risques d'un lancement, en carte mentale."}, ""},
	{"blank-starter", "patterns", "workflow", Text{"Blank starter", "Modèle vierge"},
		Text{"One lane with a start, a step and an end: the smallest useful diagram.",
			"Un couloir avec un début, une étape et une fin : le plus petit diagramme utile."}, ""},
}

// List returns the templates, without their code, filtered by category
// (empty: all) and by a search query matched against titles and
// descriptions in both languages (case- and accent-insensitive).
func List(category, query string) []Template {
	q := fold(query)
	out := []Template{}
	for _, t := range all {
		if category != "" && t.Category != category {
			continue
		}
		if q != "" && !strings.Contains(fold(t.ID+" "+t.Title.EN+" "+t.Title.FR+" "+t.Description.EN+" "+t.Description.FR), q) {
			continue
		}
		out = append(out, t)
	}
	order := map[string]int{}
	for i, c := range Categories {
		order[c.ID] = i
	}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Category] < order[out[j].Category] })
	return out
}

// Get returns the template with its code.
func Get(id string) (Template, bool) {
	for _, t := range all {
		if t.ID == id {
			b, err := files.ReadFile("templates/" + id + ".fz")
			if err != nil {
				return Template{}, false
			}
			t.Code = string(b)
			return t, true
		}
	}
	return Template{}, false
}

// fold lowercases and strips the accents French text uses.
func fold(s string) string {
	return strings.NewReplacer("é", "e", "è", "e", "ê", "e", "à", "a", "â", "a", "ç", "c", "î", "i", "ô", "o", "û", "u", "ù", "u", "'", " ", "’", " ").
		Replace(strings.ToLower(s))
}
