"""Loading an aligned second modality "X" (depth, disparity, normals) for RGB-X."""
import io
from typing import List, Optional

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform, Compose
from mmengine import fileio

from ...registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadXModalityFromFile(BaseTransform):
    """Read X into ``results['x_img']`` as float32 ``raw / scale + shift``.

    PNG (8/16 bit, 1 or 3 channels, read unchanged) or ``.npy``. Examples:
    depth in millimetres ``scale=1000`` (metres); 8-bit normals
    ``scale=127.5, shift=-1`` (in [-1, 1]).

    A file that cannot hold what the config expects stops loading, naming the
    file: NaN/inf values (fill holes with the dataset's "no measurement" value
    first), an integer PNG of another bit depth than ``bit_depth``, or an 8-bit
    PNG read with ``scale`` > 255 (every value would be below 1 after scaling).

    Args:
        key (str): Data-info key of the file path. Defaults to 'depth_path'.
        scale (float): Divisor of the stored values. Defaults to 1.0.
        shift (float): Added after the division. Defaults to 0.0.
        bit_depth (int, optional): Bits per value the PNG files must have
            (8 or 16); None accepts either. Defaults to None.
        backend_args (dict, optional): File backend arguments.

    Shapes:
        results['x_img']: (H, W, C_X) float32, on the image's grid.
    """

    def __init__(self, key: str = 'depth_path', scale: float = 1.0,
                 shift: float = 0.0, bit_depth: Optional[int] = None,
                 backend_args: Optional[dict] = None) -> None:
        if scale == 0:
            raise ValueError('LoadXModalityFromFile.scale must be non-zero.')
        if bit_depth not in (None, 8, 16):
            raise ValueError(f'LoadXModalityFromFile.bit_depth={bit_depth}: use 8, 16 or None.')
        self.key = key
        self.scale = scale
        self.shift = shift
        self.bit_depth = bit_depth
        self.backend_args = backend_args

    def transform(self, results: dict) -> dict:
        """Load X and check that it matches the image's size."""
        if self.key not in results:
            raise KeyError(f'LoadXModalityFromFile.key={self.key!r} is not in the data '
                           'info; set data_prefix (e.g. depth_path=...) in the dataset.')
        path = results[self.key]
        raw = fileio.get(path, backend_args=self.backend_args)
        if path.endswith('.npy'):
            x = np.load(io.BytesIO(raw))
        else:
            x = mmcv.imfrombytes(raw, flag='unchanged', backend='cv2')
            self._check_bit_depth(x, path)
        x = x.astype(np.float32) / self.scale + self.shift
        if not np.isfinite(x).all():
            bad = int(x.size - np.isfinite(x).sum())
            raise ValueError(f'X map {path} has {bad} NaN/inf values of {x.size}: fill the '
                             'holes with the value the dataset uses for "no measurement" '
                             '(e.g. 0) before training; non-finite inputs make every loss '
                             'NaN.')
        if x.ndim == 2:
            x = x[..., None]
        if 'img' in results and x.shape[:2] != results['img'].shape[:2]:
            raise ValueError(f'X map {path} has size {x.shape[:2]}, the image '
                             f'{results["img"].shape[:2]}: they must be aligned.')
        results['x_img'] = x
        return results

    def _check_bit_depth(self, x: np.ndarray, path: str) -> None:
        if not np.issubdtype(x.dtype, np.integer):
            return
        bits = np.iinfo(x.dtype).bits
        if self.bit_depth is not None and bits != self.bit_depth:
            raise ValueError(f'X map {path} is a {bits}-bit PNG but the pipeline\'s '
                             f'LoadXModalityFromFile expects bit_depth={self.bit_depth} '
                             f'(scale={self.scale}): convert the maps to {self.bit_depth}-bit '
                             'PNGs in the dataset\'s units, or set bit_depth and scale for '
                             'these files.')
        if bits == 8 and abs(self.scale) > 255:
            raise ValueError(f'X map {path} is an 8-bit PNG read with LoadXModalityFromFile.'
                             f'scale={self.scale}: every value would be below '
                             f'{255 / abs(self.scale):.3g} after scaling. The config expects '
                             '16-bit maps (e.g. millimetres): convert the files, or set scale '
                             'for 8-bit data.')


@TRANSFORMS.register_module()
class WithXModality(BaseTransform):
    """Run geometric ``transforms`` on image and X together (same resize,
    crop, flip), then split them again; the label follows as usual.

    The image and X are stacked along channels into one float32 array, so
    X is resized with the image's interpolation (bilinear by default).
    Photometric transforms go outside this wrapper (image only).

    Args:
        transforms (list[dict]): Geometric transforms (e.g. RandomResize,
            RandomCrop, RandomFlip, Resize).
    """

    def __init__(self, transforms: List[dict]) -> None:
        self.transforms = Compose(transforms)

    def transform(self, results: dict) -> Optional[dict]:
        """Apply the wrapped transforms to ``img`` + ``x_img`` alike."""
        if 'x_img' not in results:
            raise KeyError('WithXModality needs results["x_img"]: put '
                           'LoadXModalityFromFile before it in the pipeline.')
        img = results['img']
        num = img.shape[2] if img.ndim == 3 else 1
        results['img'] = np.concatenate(
            [img.reshape(*img.shape[:2], num).astype(np.float32), results.pop('x_img')], 2)
        results = self.transforms(results)
        if results is None:
            return None
        both = results['img']
        rgb = both[..., :num]
        if np.issubdtype(img.dtype, np.integer):
            info = np.iinfo(img.dtype)
            rgb = np.clip(np.rint(rgb), info.min, info.max)
        results['img'] = np.ascontiguousarray(rgb.astype(img.dtype))
        results['x_img'] = np.ascontiguousarray(both[..., num:])
        return results


@TRANSFORMS.register_module()
class ConcatXModality(BaseTransform):
    """Append X to the image channels (float32) before ``PackSegInputs``;
    :class:`RGBXDataPreProcessor` normalises each modality on its own.

    Shapes:
        results['img']: (H, W, 3) and results['x_img']: (H, W, C_X)
        -> results['img']: (H, W, 3 + C_X).
    """

    def transform(self, results: dict) -> dict:
        """Concatenate and drop ``x_img``."""
        x = results.pop('x_img')
        results['img'] = np.concatenate([results['img'].astype(np.float32), x], 2)
        return results
