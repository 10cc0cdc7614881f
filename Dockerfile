# kubecxx component images, built from local files only (no registry, no network): scripts/image
# assembles the context (rootfs/: the binary in /usr/local/bin, exactly the shared libraries ldd
# names plus the dynamic loader, and minimal /etc/passwd, /etc/group, /etc/nsswitch.conf) and
# picks the component with --target.
#
#   scripts/image kube-scheduler    # docker build --target kube-scheduler -t kubecxx/kube-scheduler:v1.37.2
#   scripts/image kube-apiserver    # the same recipe for kube-apiserver
#
# As upstream's distroless-based images: no shell, no package manager, user 65532 (nonroot).
FROM scratch AS base
COPY rootfs/ /
ENV PATH=/usr/local/bin
USER 65532:65532

FROM base AS kube-scheduler
ENTRYPOINT ["/usr/local/bin/kube-scheduler"]

FROM base AS kube-apiserver
ENTRYPOINT ["/usr/local/bin/kube-apiserver"]
