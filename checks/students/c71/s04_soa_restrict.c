/* backward.c
 * Hidden layer kept struct-of-arrays, unit-major: unit j's N values are
 * contiguous (soa.z + j*N), so each unit is one stream.  Streams are
 * float; the reductions go in double because N can get big.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    float *z;   /* z1, H streams of N */
    float *p;   /* p1 */
    float *d;   /* dp1, then dz1 */
} hidden_soa;

static double dotf(const float *restrict a, const float *restrict b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)a[i] * b[i];
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    hidden_soa hs;
    float *dout = malloc(C * N * sizeof *dout);    /* dz2, class-major */
    float *xin = malloc(D * N * sizeof *xin);      /* X, feature-major */
    hs.z = malloc(3 * H * N * sizeof(float));
    hs.p = hs.z + H * N;
    hs.d = hs.p + H * N;
    if (!dout || !xin || !hs.z) {
        free(dout); free(xin); free(hs.z);
        return 1;
    }

    for (size_t i = 0; i < N; i++) {
        const double *zr = cache->z1->data + i * cache->z1->tda;
        const double *pr = cache->p1->data + i * cache->p1->tda;
        const double *pb = cache->prob->data + i * cache->prob->tda;
        for (size_t j = 0; j < H; j++) {
            hs.z[j * N + i] = (float)zr[j];
            hs.p[j * N + i] = (float)pr[j];
        }
        for (size_t k = 0; k < C; k++)
            dout[k * N + i] = (float)((pb[k] - (k == y[i])) / (double)N);
        for (size_t d = 0; d < D; d++)
            xin[d * N + i] = (float)X->data[i * X->tda + d];
    }

    for (size_t k = 0; k < C; k++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++) {
            gsl_matrix_set(g->dz2, i, k, dout[k * N + i]);
            s += dout[k * N + i];
        }
        gsl_vector_set(g->db2, k, s);
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dW2, j, k, dotf(hs.p + j * N, dout + k * N, N)
                           + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
    }

    for (size_t j = 0; j < H; j++) {
        float *restrict dj = hs.d + j * N;
        const float *restrict zj = hs.z + j * N;
        double sb = 0.0;
        for (size_t i = 0; i < N; i++) {
            double s = 0.0;
            for (size_t k = 0; k < C; k++)
                s += (double)dout[k * N + i] * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, (float)s);
            dj[i] = zj[i] > 0.0f ? (float)s : 0.0f;     /* relu gate */
            gsl_matrix_set(g->dz1, i, j, dj[i]);
            sb += dj[i];
        }
        gsl_vector_set(g->db1, j, sb);
        for (size_t d = 0; d < D; d++)
            gsl_matrix_set(g->dW1, d, j, dotf(xin + d * N, dj, N)
                           + 2.0 * reg * gsl_matrix_get(net->W1, d, j));
    }

    free(dout);
    free(xin);
    free(hs.z);
    g->present = BP_GRADS_ALL;
    return 0;
}
