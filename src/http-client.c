/*
** http-client.c: the module runningcode-http.so (http-client.h), built
** as a shared object of its own with libcurl; nothing of the programs
** is linked into it.
*/
#include <curl/curl.h>
#include <stdlib.h>

#include "http-client.h"

/* Drop what a server answers: only its status counts. */
static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
	(void)data;
	(void)ctx;
	return size * n;
}

/*
** A libcurl handle for r (its private pointer r), with headers (owned
** by the caller) as its header list. Returns it (the caller's:
** curl_easy_cleanup), or NULL when none can be made.
*/
static CURL *make_handle(struct http_request *r, struct curl_slist *headers, long timeout_ms)
{
	CURL *easy = curl_easy_init();

	if (easy == NULL)
		return NULL;
	curl_easy_setopt(easy, CURLOPT_URL, r->url);
	curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r->method);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(easy, CURLOPT_PRIVATE, r);
	return easy;
}

/* See struct http_client. */
static void send_all(struct http_request *requests, size_t n, long timeout_ms)
{
	CURLM *multi = curl_multi_init();
	CURL **easy = calloc(n ? n : 1, sizeof *easy);
	struct curl_slist **headers = calloc(n ? n : 1, sizeof *headers);
	size_t i;
	int running = 0;
	CURLMcode failed = CURLM_OK;
	CURLMsg *msg;

	for (i = 0; i < n; i++) {
		requests[i].status = 0;
		requests[i].error = "the request could not be made";
		if (multi == NULL || easy == NULL || headers == NULL)
			continue;
		if (requests[i].header && (headers[i] = curl_slist_append(NULL, requests[i].header)) == NULL)
			continue;
		easy[i] = make_handle(&requests[i], headers[i], timeout_ms);
		if (easy[i] && curl_multi_add_handle(multi, easy[i]) != CURLM_OK) {
			curl_easy_cleanup(easy[i]);
			easy[i] = NULL;
		}
	}
	/* Bounded: every transfer ends by its own timeout. */
	while (multi && (failed = curl_multi_perform(multi, &running)) == CURLM_OK && running &&
	       (failed = curl_multi_poll(multi, NULL, 0, 100, NULL)) == CURLM_OK)
		;
	/* Those cut short by a failure of the multi handle itself say so. */
	for (i = 0; failed != CURLM_OK && easy && i < n; i++)
		if (easy[i])
			requests[i].error = curl_multi_strerror(failed);
	while (multi && (msg = curl_multi_info_read(multi, &running)) != NULL) {
		struct http_request *r = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
		r->error = msg->data.result == CURLE_OK ? NULL : curl_easy_strerror(msg->data.result);
	}
	for (i = 0; easy && headers && i < n; i++) {
		if (easy[i]) {
			curl_multi_remove_handle(multi, easy[i]);
			curl_easy_cleanup(easy[i]);
		}
		curl_slist_free_all(headers[i]);
	}
	free(easy);
	free(headers);
	curl_multi_cleanup(multi);
}

/* The module's interface (module.h), the one symbol it exports. */
__attribute__((visibility("default"))) const struct http_client runningcode_http_client = {
	.abi = HTTP_CLIENT_ABI,
	.send_all = send_all,
};
