/* backward.c -- two-layer net, backward.  (port of hw numpy code)
 * numpy arrays -> flat double arrays, a[i][j] == a[i*ncol + j].
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

/* flat array (r x c) -> gsl matrix */
static void store(gsl_matrix *m, const double *a, size_t r, size_t c)
{
    size_t i;
    for (i = 0; i < r; i++)
        memcpy(m->data + i * m->tda, a + i * c, c * sizeof *a);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *dscores, *dhidden, s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    dscores = malloc(N * C * sizeof *dscores);
    dhidden = malloc(N * H * sizeof *dhidden);

    /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            dscores[i*C + j] = gsl_matrix_get(cache->prob, i, j);
        dscores[i*C + y[i]] -= 1.0;
        for (j = 0; j < C; j++)
            dscores[i*C + j] /= (double)N;
    }
    store(g->dz2, dscores, N, C);

    /* dW2 = h.T.dot(dscores) + 2*reg*W2 */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            s = 2.0 * reg * gsl_matrix_get(net->W2, i, j);
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(cache->p1, k, i) * dscores[k*C + j];
            gsl_matrix_set(g->dW2, i, j, s);
        }

    /* db2 = np.sum(dscores, axis=0) */
    for (j = 0; j < C; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += dscores[i*C + j];
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden = dscores.dot(W2.T) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += dscores[i*C + k] * gsl_matrix_get(net->W2, j, k);
            dhidden[i*H + j] = s;
        }
    store(g->dp1, dhidden, N, H);

    /* dhidden[h <= 0] = 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->p1, i, j) <= 0.0)
                dhidden[i*H + j] = 0.0;
    store(g->dz1, dhidden, N, H);

    /* dW1 = X.T.dot(dhidden) + 2*reg*W1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            s = 2.0 * reg * gsl_matrix_get(net->W1, i, j);
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * dhidden[k*H + j];
            gsl_matrix_set(g->dW1, i, j, s);
        }

    /* db1 = np.sum(dhidden, axis=0)   -- sum down axis 0 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += dhidden[j*N + i];
        gsl_vector_set(g->db1, j, s);
    }

    free(dscores);
    free(dhidden);
    g->present = BP_GRADS_ALL;
    return 0;
}
