{{%AUTOESCAPE context="HTML"}}
{{! admin-message.tpl: a refusal or an error, in one sentence. }}
<h1>{{HEADING}}</h1>
<p class="message">{{MESSAGE}}</p>
<p><a href="/admin/">Back to the dashboard</a></p>
