# LIX between SNE-RoadSeg-like models: RGB-D teacher (fusions.2 / 3: 1024 / 2048 channels)
# -> RGB student (layer3 / 4: 1024 / 2048); Eq. (12) aligners on the student side
# (ARFD's pixel-Gram CKA takes the teacher's raw map; the C x C reading, `arfd_channel` in
# lix_pair.py, would need align_t3 / align_t4 on the teacher's maps as well).
_base_ = ['sne_roadseg_rgb.py', 'lix_distill.py']
model = dict(
    _base_.lix_model,
    architecture=_base_.model,
    distiller=dict(_base_.lix_model.distiller, connectors=dict(
        align_s3=dict(type='ARFDAligner', in_channels=1024, out_channels=1024),
        align_s4=dict(type='ARFDAligner', in_channels=2048, out_channels=2048))))
