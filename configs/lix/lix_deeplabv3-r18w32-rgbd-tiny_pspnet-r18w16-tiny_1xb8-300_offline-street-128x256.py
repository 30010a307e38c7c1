# LIX (DWLD + ARFD), tiny RGB-D -> RGB pair on the offline street data. ARFD compares pixel
# Gram matrices of the student's aligned map and the teacher's raw fused map (lix_pair.py).
_base_ = ['_base_/lix_tiny.py']
