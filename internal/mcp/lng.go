package mcp

import (
	"fmt"

	"flowzap/internal/diag"
)

// Languages are the values of the lng argument: English (the default),
// French and Chinese.
var Languages = []string{"en", "fr", "zh"}

// lngPattern is what the lng argument accepts: one of [Languages], in
// any case, optionally with a region or script (fr-FR, zh-CN, zh_Hans),
// as the FlowZap clients send it. The published schema says it.
const lngPattern = `^(?:[Ee][Nn]|[Ff][Rr]|[Zz][Hh])(?:[-_][A-Za-z0-9]{1,8})*$`

// lang normalizes an lng argument: "fr-FR" and "FR" are French, "zh-CN"
// and "zh-Hans" Chinese, anything else English.
func lang(lng string) string {
	if len(lng) >= 2 {
		switch p := lng[:2]; p {
		case "fr", "FR", "Fr":
			return "fr"
		case "zh", "ZH", "Zh":
			return "zh"
		}
	}
	return "en"
}

// messages holds every sentence the FlowZap-compatible tools say, as
// format strings in English, French and Chinese.
var messages = map[string][3]string{
	"valid": {"FlowZap Code is valid.", "Le code FlowZap est valide.", "FlowZap 代码有效。"},
	"invalid": {"Validation failed: %d error(s).", "La validation a échoué : %d erreur(s).",
		"验证失败：%d 个错误。"},
	"stats":      {"Lanes: %d, nodes: %d, edges: %d.", "Couloirs : %d, nœuds : %d, liens : %d.", "泳道：%d，节点：%d，连线：%d。"},
	"line":       {"Line %d: %s", "Ligne %d : %s", "第 %d 行：%s"},
	"warnings":   {"%d warning(s):", "%d avertissement(s) :", "%d 个警告："},
	"errorsHead": {"Errors:", "Erreurs :", "错误："},
	"empty":      {"The code is empty.", "Le code est vide.", "代码为空。"},
	"tooLarge": {"The %s is %d bytes; the limit is %d bytes.", "Le champ %s fait %d octets ; la limite est de %d octets.",
		"%s 有 %d 字节；上限为 %d 字节。"},
	"hasErrors": {"The code has errors; fix them first (flowzap_fix repairs most of them):",
		"Le code contient des erreurs ; corrigez-les d'abord (flowzap_fix répare la plupart) :",
		"代码有错误；请先修正（flowzap_fix 可修复大多数错误）："},
	"playgroundCreated": {"Your diagram was created. Open the %s view: %s", "Votre diagramme a été créé. Ouvrez la vue %s : %s",
		"图表已创建。打开%s视图：%s"},
	"noPlayground": {"No playground server is configured (start flowzap mcp with --playground-url); the code is valid and returned as is.",
		"Aucun serveur de bac à sable n'est configuré (lancez flowzap mcp avec --playground-url) ; le code est valide et renvoyé tel quel.",
		"未配置演练场服务器（请用 --playground-url 启动 flowzap mcp）；代码有效，按原样返回。"},
	"badView":        {"Unknown view %q: expected %s.", "Vue inconnue %q : valeurs possibles %s.", "未知视图 %q：应为 %s。"},
	"applied":        {"Applied %d operation(s).", "%d opération(s) appliquée(s).", "已应用 %d 个操作。"},
	"noChanges":      {"No changes detected", "Aucun changement détecté", "未检测到变化"},
	"nodesAdded":     {"Added %d node(s): %s", "%d nœud(s) ajouté(s) : %s", "新增 %d 个节点：%s"},
	"nodesRemoved":   {"Removed %d node(s): %s", "%d nœud(s) supprimé(s) : %s", "删除 %d 个节点：%s"},
	"nodesUpdated":   {"Updated %d node(s)", "%d nœud(s) modifié(s)", "修改 %d 个节点"},
	"edgesAdded":     {"Added %d connection(s)", "%d lien(s) ajouté(s)", "新增 %d 条连线"},
	"edgesRemoved":   {"Removed %d connection(s)", "%d lien(s) supprimé(s)", "删除 %d 条连线"},
	"edgesReordered": {"Message order changed", "Ordre des messages modifié", "消息顺序已改变"},
	"lanesAdded":     {"Added lane(s): %s", "Couloir(s) ajouté(s) : %s", "新增泳道：%s"},
	"lanesRemoved":   {"Removed lane(s): %s", "Couloir(s) supprimé(s) : %s", "删除泳道：%s"},
	"lanesRenamed":   {"Renamed lane(s): %s", "Couloir(s) renommé(s) : %s", "重命名泳道：%s"},
	"imported": {"Built %d step(s) across %d participant(s) from the %s.", "%d étape(s) entre %d participant(s) tirées de %s.",
		"从%[3]s生成了 %[1]d 个步骤，涉及 %[2]d 个参与者。"},
	"fixedAll": {"Repaired %d problem(s); the code now passes strict checks.", "%d problème(s) réparé(s) ; le code passe maintenant les contrôles stricts.",
		"已修复 %d 个问题；代码现已通过严格检查。"},
	"fixedSome": {"Repaired %d problem(s); %d problem(s) remain that need a person to decide.",
		"%d problème(s) réparé(s) ; %d problème(s) restent et demandent une décision humaine.",
		"已修复 %d 个问题；仍有 %d 个问题需要人工决定。"},
	"nothingToFix": {"Nothing to repair: the code already passes strict checks.", "Rien à réparer : le code passe déjà les contrôles stricts.",
		"无需修复：代码已通过严格检查。"},
	"mindmapValid": {"The mind map is valid: root %q, %d branch(es), depth %d.", "La carte mentale est valide : racine %q, %d branche(s), profondeur %d.",
		"思维导图有效：根节点 %q，%d 个分支，深度 %d。"},
	"mindmapNoRoot": {"A mind map needs a circle as its root.", "Une carte mentale a besoin d'un cercle comme racine.", "思维导图需要一个圆形作为根节点。"},
	"approved":      {"Approved: the mind map is ready to open.", "Approuvée : la carte mentale est prête à être ouverte.", "已批准：思维导图可以打开。"},
	"notApproved":   {"Not approved: fix the problems listed first.", "Non approuvée : corrigez d'abord les problèmes listés.", "未批准：请先修正所列问题。"},
	"template": {"A mind map template about %q; change the labels and add branches.", "Un modèle de carte mentale sur %q ; changez les libellés et ajoutez des branches.",
		"关于 %q 的思维导图模板；修改标签并添加分支。"},
	"tmplIdeas":         {"Ideas", "Idées", "想法"},
	"tmplGoals":         {"Goals", "Objectifs", "目标"},
	"tmplRisks":         {"Risks", "Risques", "风险"},
	"tmplNext":          {"Next steps", "Prochaines étapes", "下一步"},
	"tmplTopic":         {"Main topic", "Sujet principal", "主题"},
	"tmplRoot":          {"Mind map", "Carte mentale", "思维导图"},
	"tmplBranches":      {"Branches", "Branches", "分支"},
	"view.workflow":     {"workflow", "flux de travail", "工作流"},
	"view.sequence":     {"sequence", "séquence", "时序"},
	"view.architecture": {"architecture", "architecture", "架构"},
	"view.mindmap":      {"mind map", "carte mentale", "思维导图"},
}

// msg formats the message key in language l.
func msg(l, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	i := 0
	switch l {
	case "fr":
		i = 1
	case "zh":
		i = 2
	}
	if len(args) == 0 {
		return m[i]
	}
	return fmt.Sprintf(m[i], args...)
}

// codeTitles translates each diagnostic code's title into French and
// Chinese; English uses the diagnostic's own message.
var codeTitles = map[diag.Code][2]string{
	diag.InvalidUTF8:       {"encodage UTF-8 invalide", "无效的 UTF-8 编码"},
	diag.ControlChar:       {"caractère de contrôle interdit", "不允许的控制字符"},
	diag.UnterminatedStr:   {"chaîne non terminée", "字符串未结束"},
	diag.UnterminatedLane:  {"couloir non fermé par `}`", "泳道未用 `}` 关闭"},
	diag.StrayBrace:        {"`}` sans couloir ouvert", "多余的 `}`"},
	diag.NestedLane:        {"couloir ouvert dans un couloir", "泳道嵌套在泳道内"},
	diag.NodeOutsideLane:   {"nœud défini hors de tout couloir", "节点定义在泳道之外"},
	diag.UnknownShape:      {"forme inconnue (circle, rectangle, diamond ou taskbox)", "未知形状（应为 circle、rectangle、diamond 或 taskbox）"},
	diag.UnknownSide:       {"côté de poignée inconnu (left, right, top ou bottom)", "未知的连接点方向（应为 left、right、top 或 bottom）"},
	diag.Syntax:            {"texte qui n'est pas une instruction", "不是有效语句的文本"},
	diag.Mermaid:           {"syntaxe Mermaid au lieu de FlowZap Code", "使用了 Mermaid 语法而非 FlowZap 代码"},
	diag.ChainedEdge:       {"liens enchaînés (a -> b -> c)", "链式连线（a -> b -> c）"},
	diag.DuplicateNode:     {"deux nœuds ont le même identifiant", "两个节点使用了相同的 ID"},
	diag.DuplicateLane:     {"deux couloirs ont le même identifiant", "两个泳道使用了相同的 ID"},
	diag.UndefinedNode:     {"le lien ou la boucle nomme un nœud inexistant", "连线或循环引用了不存在的节点"},
	diag.UndefinedLane:     {"le préfixe nomme un couloir inexistant", "前缀引用了不存在的泳道"},
	diag.WrongLanePrefix:   {"le préfixe nomme un couloir qui ne contient pas le nœud", "前缀指向的泳道不包含该节点"},
	diag.EmptyLoop:         {"boucle sans nœud", "循环中没有节点"},
	diag.NoLane:            {"fichier vide ou sans couloir", "文件为空或没有泳道"},
	diag.DuplicateAttr:     {"attribut donné deux fois", "属性重复"},
	diag.NodeAttrSep:       {"attribut de nœud écrit avec `=` (écrire label:\"...\")", "节点属性使用了 `=`（应写 label:\"...\"）"},
	diag.EdgeAttrSep:       {"attribut de lien écrit avec `:` (écrire [label=\"...\"])", "连线属性使用了 `:`（应写 [label=\"...\"]）"},
	diag.MissingHandles:    {"lien sans poignées (écrire nA.handle(right) -> nB.handle(left))", "连线缺少连接点（应写 nA.handle(right) -> nB.handle(left)）"},
	diag.MissingLanePrefix: {"cible dans un autre couloir sans son préfixe de couloir", "跨泳道目标缺少泳道前缀"},
	diag.SourcePrefix:      {"source du lien écrite avec un préfixe de couloir", "连线源节点带有泳道前缀"},
	diag.MisplacedEdge:     {"lien écrit hors du couloir de sa source", "连线没有写在其源节点所在的泳道中"},
	diag.MissingLaneLabel:  {"couloir sans libellé d'affichage (laneId { # Libellé)", "泳道缺少显示标签（laneId { # 标签）"},
	diag.LaneLabelOwnLine:  {"libellé de couloir sur sa propre ligne", "泳道标签单独成行"},
	diag.LaneLabelNoSpace:  {"libellé de couloir sans espace après `#`", "泳道标签的 `#` 后缺少空格"},
	diag.NodeIDForm:        {"identifiant de nœud qui n'est pas de la forme nN", "节点 ID 不是 nN 形式"},
	diag.NodeIDNumbering:   {"identifiants non numérotés de 1 à N sans trou", "节点 ID 未按 1..N 连续编号"},
	diag.EmojiInLabel:      {"émoji dans un libellé", "标签中含有表情符号"},
	diag.SingleNodeLoop:    {"boucle d'un seul nœud", "循环只有一个节点"},
	diag.RepeatedLoopNode:  {"boucle qui cite deux fois un nœud", "循环重复列出同一个节点"},
	diag.LoopOutsideLane:   {"boucle écrite hors d'un couloir", "循环写在泳道之外"},
	diag.UnknownAttr:       {"clé d'attribut inconnue (label, owner, description, system)", "未知属性（应为 label、owner、description、system）"},
	diag.TrailingComment:   {"commentaire après une instruction sur la même ligne", "语句同一行后面有注释"},
	diag.KeywordCase:       {"forme, côté ou mot-clé pas en minuscules", "形状、方向或关键字不是小写"},
	diag.LongArrow:         {"flèche écrite `-->` (écrire `->`)", "箭头写成了 `-->`（应为 `->`）"},
	diag.MarkdownFence:     {"bloc de code Markdown autour du code", "代码外有 Markdown 代码块标记"},
	diag.LongLabel:         {"libellé de plus de 50 caractères", "标签超过 50 个字符"},
	diag.OrphanNode:        {"nœud qu'aucun lien ne touche", "节点没有任何连线"},
	diag.DecisionBranches:  {"décision avec moins de deux sorties", "判断节点的出口少于两个"},
	diag.DecisionUnlabeled: {"sortie de décision sans libellé", "判断分支没有标签"},
	diag.Unanswered:        {"séquence : requête vers un autre couloir jamais suivie d'une réponse", "时序：跨泳道请求没有响应"},
	diag.PingPong:          {"séquence : nouvelle requête avant la réponse à la précédente", "时序：上一个请求尚未响应就发出了新请求"},
	diag.MindMapOmitted:    {"carte mentale : nœud non dessiné", "思维导图：节点未绘制"},
	diag.ArchSelfOmitted:   {"architecture : lien d'un nœud vers lui-même non dessiné", "架构图：节点指向自身的连线未绘制"},
}

// diagMessage is d's message in language l: the English text, or the
// translated title of its code followed by the specific English detail.
func diagMessage(l string, code, english string) string {
	t, ok := codeTitles[diag.Code(code)]
	if !ok || l == "en" {
		return english
	}
	if l == "fr" {
		return t[0] + " (" + english + ")"
	}
	return t[1] + "（" + english + "）"
}
