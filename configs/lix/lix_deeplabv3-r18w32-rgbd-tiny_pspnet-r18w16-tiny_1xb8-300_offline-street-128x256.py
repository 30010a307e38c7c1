# LIX (DWLD + ARFD), tiny RGB-D -> RGB pair on the offline street data.
_base_ = ['_base_/lix_tiny.py']
