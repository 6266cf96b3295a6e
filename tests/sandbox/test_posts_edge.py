"""The Page `posts` edge, which the bots read to find the post to comment on."""

import facebook

from sandbox import SandboxServer, graph_session


def test_page_posts_newest_first_through_facebook_sdk():
    with SandboxServer(agent_delay_factor=0) as server:
        sb = server.client()
        persona = sb.account(platform="facebook", owner="persona", name="Claire Martin")
        page = sb.account(platform="facebook", owner="structure", name="Mairie de Test")
        sb.clock(advance=10)
        first = sb.post(page["id"], "Première publication")
        sb.clock(advance=60)
        second = sb.post(page["id"], "Horaires d'été")
        graph = facebook.GraphAPI(
            access_token=persona["token"], session=graph_session(server.base_url)
        )
        graph.version = "v25.0"
        posts = graph.get_connections(page["id"], "posts", limit=1)["data"]
        assert [p["id"] for p in posts] == [second["id"]]
        every = graph.get_connections(page["id"], "posts")["data"]
        assert [p["id"] for p in every] == [second["id"], first["id"]]
