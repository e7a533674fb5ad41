{{%AUTOESCAPE context="HTML"}}
{{! admin-compare.tpl: the word differences of every field between two versions of a record. }}
<h1>Compare versions of a {{ENTITY}}: {{LABEL}}</h1>
<p class="page-actions"><a href="{{HISTORY_URL}}">Back to the history</a></p>
<p class="compare-sides">From {{FROM}}<br>to {{TO}}.</p>
<p class="message">{{#SAME}}The two versions are the same.{{/SAME}}{{#CHANGES}}{{COUNT}} {{FIELDS}}: deleted words are struck through, inserted ones underlined.{{/CHANGES}}</p>
{{>DIFF}}
