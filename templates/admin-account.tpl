{{%AUTOESCAPE context="HTML"}}
{{! admin-account.tpl: the signed-in user's own account: role, the
    password form, the sessions and "Sign out everywhere". }}
<h1>Your account</h1>
<p>You are {{USER}}, with the role {{ROLE}}.</p>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}{{#NOTICE}}<div class="note" role="status"><p>{{MESSAGE}}</p></div>
{{/NOTICE}}<h2>Change your password</h2>
<form class="admin-form" method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="action" value="password">
<input type="text" name="username" value="{{USER}}" autocomplete="username" aria-label="User name" hidden>
<div class="field">
<label for="current-password">Current password</label>
<input id="current-password" name="current_password" type="password" maxlength="1024" autocomplete="current-password" required>
</div>
{{>NEW_PASSWORD}}
<button type="submit">Change the password</button>
</form>
<h2>Your sessions</h2>
<div class="table-wrap">
<table class="list">
<caption class="visually-hidden">Your sessions</caption>
<thead><tr><th scope="col">Signed in</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Which</span></th></tr></thead>
<tbody>
{{#SESSION}}<tr><td data-label="Signed in">{{STARTED}}</td><td data-label="Last used">{{SEEN}}</td><td>{{#CURRENT}}this browser{{/CURRENT}}</td></tr>
{{/SESSION}}</tbody>
</table>
</div>
<form method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" name="action" value="signout">Sign out everywhere</button>
</form>
