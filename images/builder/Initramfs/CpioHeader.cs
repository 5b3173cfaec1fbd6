namespace Builder.Initramfs;

/// <summary>The fields of a newc header we set; mtime, device of the archive and check are always 0.</summary>
internal readonly record struct CpioHeader(
    uint Inode, uint Mode, uint Uid, uint Gid, uint Links, long FileSize, uint RdevMajor = 0, uint RdevMinor = 0);
