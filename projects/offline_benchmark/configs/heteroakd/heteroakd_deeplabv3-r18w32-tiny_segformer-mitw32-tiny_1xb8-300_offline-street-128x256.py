# HeteroAKD, CNN teacher -> MiT-w32 student (the data-bound student of the offline benchmark's
# protocol candidate offline-street-v2-labels60): the MiT-w16 pair with the student widened to
# the values of ../tiny/segformer_mit-w32-tiny_* (two blocks per stage); stage 2 (1/8) now has
# 64 channels. The loss weights are the w16 pair's (not re-calibrated for this student).
_base_ = ['../../../../configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(
    architecture=dict(
        backbone=dict(embed_dims=32, num_layers=[2, 2, 2, 2]),
        decode_head=dict(in_channels=[32, 64, 160, 256], channels=128)),
    distiller=dict(connectors=dict(proj_S=dict(in_channels=64))))
