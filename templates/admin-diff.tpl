{{%AUTOESCAPE context="HTML"}}
{{! admin-diff.tpl: the word differences of a record's fields (admin-diff.c): each field's text whole, deletions in <del>, insertions in <ins>, each named for screen readers and marked by more than colour; long unchanged stretches collapsed to the words next to a change. }}
<dl class="change">
{{#FIELD}}<dt>{{LABEL}}{{#SAME}} <span class="same">(unchanged)</span>{{/SAME}}{{#WHOLE}} <span class="same">(too different to compare word by word)</span>{{/WHOLE}}</dt><dd class="diff">{{#RUN}}{{#EQUAL}}{{TEXT:pre_escape}}{{#COLLAPSED}}{{HEAD:pre_escape}}<span class="collapsed">… {{WORDS}} unchanged words …</span>{{TAIL:pre_escape}}{{/COLLAPSED}}{{/EQUAL}}{{#DELETED}}<del><span class="visually-hidden">[deleted: </span>{{TEXT:pre_escape}}<span class="visually-hidden">]</span></del>{{/DELETED}}{{#INSERTED}}<ins><span class="visually-hidden">[inserted: </span>{{TEXT:pre_escape}}<span class="visually-hidden">]</span></ins>{{/INSERTED}}{{/RUN}}</dd>
{{/FIELD}}</dl>
