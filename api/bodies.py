"""Request bodies: the size limit (an ASGI middleware) and strict UTF-8 decoding."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import BadInputError, PayloadTooLarge, UnsupportedMediaType


class BodyLimit:
    """Refuse request bodies over `limit` bytes: by Content-Length up front, else while reading."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                from api.problems import problem

                error = PayloadTooLarge(self.limit)
                await problem(413, "payload-too-large", "Payload too large", str(error))(
                    scope, receive, send
                )
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise PayloadTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


def decode_text(body: bytes, content_type: str) -> str:
    """Decode a text body as UTF-8; raise UnsupportedMediaType for another charset, BadInputError
    for bytes that are not UTF-8."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        charset = value.strip().strip('"').lower()
        if key.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(content_type, ("charset=utf-8",))
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInputError(f"body is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
