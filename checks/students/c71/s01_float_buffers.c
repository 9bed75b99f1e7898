/* backward.c -- two-layer net, backward pass
 * Everything goes through float buffers (like the engine does), only
 * converted back to double when it goes into g. */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    float fr = (float) reg;

    float *p1 = malloc (N * H * sizeof (float));
    float *z1 = malloc (N * H * sizeof (float));
    float *w2 = malloc (H * C * sizeof (float));
    float *dz2 = malloc (N * C * sizeof (float));
    float *dh = malloc (N * H * sizeof (float));
    if (!p1 || !z1 || !w2 || !dz2 || !dh) {
        free (p1); free (z1); free (w2); free (dz2); free (dh);
        return 1;
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            p1[i * H + j] = (float) gsl_matrix_get (cache->p1, i, j);
            z1[i * H + j] = (float) gsl_matrix_get (cache->z1, i, j);
        }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            w2[j * C + k] = (float) gsl_matrix_get (net->W2, j, k);

    /* scores gradient: (prob - 1[y]) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            float v = (float) gsl_matrix_get (cache->prob, i, k);
            if (k == y[i]) v -= 1.0f;
            dz2[i * C + k] = v / (float) N;
            gsl_matrix_set (g->dz2, i, k, dz2[i * C + k]);
        }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            float acc = 0.0f;
            for (i = 0; i < N; i++)
                acc += p1[i * H + j] * dz2[i * C + k];
            acc += 2.0f * fr * w2[j * C + k];
            gsl_matrix_set (g->dW2, j, k, acc);
        }

    /* db2 */
    for (k = 0; k < C; k++) {
        float acc = 0.0f;
        for (i = 0; i < N; i++)
            acc += dz2[i * C + k];
        gsl_vector_set (g->db2, k, acc);
    }

    /* dp1 = dz2 W2^T, then through the relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            float acc = 0.0f;
            for (k = 0; k < C; k++)
                acc += dz2[i * C + k] * w2[j * C + k];
            gsl_matrix_set (g->dp1, i, j, acc);
            dh[i * H + j] = z1[i * H + j] > 0.0f ? acc : 0.0f;
            gsl_matrix_set (g->dz1, i, j, dh[i * H + j]);
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            float acc = 0.0f;
            for (i = 0; i < N; i++)
                acc += (float) gsl_matrix_get (X, i, k) * dh[i * H + j];
            acc += 2.0f * fr * (float) gsl_matrix_get (net->W1, k, j);
            gsl_matrix_set (g->dW1, k, j, acc);
        }

    for (j = 0; j < H; j++) {
        float acc = 0.0f;
        for (i = 0; i < N; i++)
            acc += dh[i * H + j];
        gsl_vector_set (g->db1, j, acc);
    }

    free (p1); free (z1); free (w2); free (dz2); free (dh);
    g->present = BP_GRADS_ALL;
    return 0;
}
