{{%AUTOESCAPE context="HTML"}}
{{! admin-links.tpl: the link report (admin-links.c). BROKEN: an
    internal link that leads to no page, or to one not published (URL,
    WHY, and the record that holds it: ENTITY, TYPE, ID, LABEL);
    REDIRECTED: one that reaches a published page (TARGET) through a
    redirect, which works; NONE_BROKEN: no broken link. }}
<h1>Links</h1>
<p>The links of this site's pages, programs and menu entries (as they are live, not their drafts) that lead to its own addresses: {{CHECKED}} checked, {{BROKEN_COUNT}} broken, {{REDIRECTED_COUNT}} through a redirect. <code>runningcode links --external</code> also checks links to other sites.</p>
<h2>Broken links</h2>
{{#NONE_BROKEN}}<p class="note" role="status">No broken links: every link to this site leads to a published page.</p>
{{/NONE_BROKEN}}<div class="table-wrap" data-empty="No broken links.">
<table class="list" id="broken-links">
<caption class="visually-hidden">Broken links</caption>
<thead><tr><th scope="col">Link</th><th scope="col">Why</th><th scope="col">Where</th></tr></thead>
<tbody>{{#BROKEN}}<tr><td data-label="Link"><code>{{URL}}</code></td><td data-label="Why">{{WHY}}</td><td data-label="Where">the {{ENTITY}} <a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a></td></tr>
{{/BROKEN}}</tbody>
</table>
</div>
<h2>Links through a redirect</h2>
<p>These work: visitors are sent on to the page. Linking to the page's own address saves them the detour.</p>
<div class="table-wrap" data-empty="No links through a redirect.">
<table class="list" id="redirected-links">
<caption class="visually-hidden">Links through a redirect</caption>
<thead><tr><th scope="col">Link</th><th scope="col">Leads to</th><th scope="col">Where</th></tr></thead>
<tbody>{{#REDIRECTED}}<tr><td data-label="Link"><code>{{URL}}</code></td><td data-label="Leads to"><code>{{TARGET}}</code></td><td data-label="Where">the {{ENTITY}} <a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a></td></tr>
{{/REDIRECTED}}</tbody>
</table>
</div>
