{{%AUTOESCAPE context="HTML"}}
{{! admin-message.tpl: a refusal, an error or a notice, in one sentence;
    NEXT leads on to where the editor was going. }}
<h1>{{HEADING}}</h1>
<p class="message">{{MESSAGE}}</p>
<p>{{#NEXT}}<a href="{{HREF}}">{{TEXT}}</a> · {{/NEXT}}<a href="/admin/">Back to the dashboard</a></p>
