namespace Builder.Tree;

internal enum NodeKind
{
    Directory,
    File,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
}
