# LIX between MFNet-like models: RGB-D teacher (fusions.2 / 3, concatenated: 96 / 192
# channels) -> RGB student (layer3 / 4: 64 / 128); Eq. (12) aligners on the student side
# (ARFD's pixel-Gram CKA takes the teacher's raw map; the C x C reading, `arfd_channel` in
# lix_pair.py, would need align_t3 / align_t4 on the teacher's maps as well).
_base_ = ['mfnet_rgb.py', 'lix_distill.py']
model = dict(
    _base_.lix_model,
    architecture=_base_.model,
    distiller=dict(_base_.lix_model.distiller, connectors=dict(
        align_s3=dict(type='ARFDAligner', in_channels=64, out_channels=96),
        align_s4=dict(type='ARFDAligner', in_channels=128, out_channels=192))))
