package dev.serverlesscd.functions.deploy;

/** What setting an image did: the image it replaced, the image now set, the generation the change produced. */
public record ImageChange(String previousImage, String image, long generation) {
}
