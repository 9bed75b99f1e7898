/* backward.c
 *
 * Two affine layers and a relu, so one helper reverses an affine layer
 *     out = in W + b
 * giving adjIn, adjW and adjB from adjOut (adjIn may be NULL when the
 * input is X, nobody needs dL/dX).
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* reverse of  out = in W + b  */
static void affine_back(const gsl_matrix *in, const gsl_matrix *W,
                        const gsl_matrix *adjOut, gsl_matrix *adjIn,
                        gsl_matrix *adjW, gsl_vector *adjB)
{
    size_t n = in->size1, K = W->size1, M = W->size2;
    size_t r, a, b;

    /* adjW = in' adjOut */
    for (a = 0; a < K; a++)
        for (b = 0; b < M; b++) {
            double s = 0;
            for (r = 0; r < n; r++)
                s += gsl_matrix_get(in, r, a) * gsl_matrix_get(adjOut, r, b);
            gsl_matrix_set(adjW, a, b, s);
        }
    /* adjB = column sums of adjOut */
    for (b = 0; b < M; b++) {
        double s = 0;
        for (r = 0; r < n; r++)
            s += gsl_matrix_get(adjOut, r, b);
        gsl_vector_set(adjB, b, s);
    }
    /* adjIn = adjOut W' */
    if (adjIn != NULL)
        for (r = 0; r < n; r++)
            for (a = 0; a < K; a++) {
                double s = 0;
                for (b = 0; b < M; b++)
                    s += gsl_matrix_get(adjOut, r, b) * gsl_matrix_get(W, a, b);
                gsl_matrix_set(adjIn, r, a, s);
            }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *adjZ2 = gsl_matrix_alloc(N, C);
    gsl_matrix *adjP1 = gsl_matrix_alloc(N, H);
    gsl_matrix *adjZ1 = gsl_matrix_alloc(N, H);

    /* loss = mean_i -log prob[i][y[i]] */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(adjZ2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - (k == y[i])) / N);

    /* z2 = p1 W2 + b2 */
    affine_back(cache->z1, net->W2, adjZ2, adjP1, g->dW2, g->db2);

    /* p1 = relu(z1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(adjZ1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(adjP1, i, j) : 0.0);

    /* z1 = X W1 + b1 */
    affine_back(X, net->W1, adjZ1, NULL, g->dW1, g->db1);

    /* + reg (|W1|^2 + |W2|^2) */
    for (i = 0; i < H; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, i, k, gsl_matrix_get(g->dW2, i, k)
                           + 2 * reg * gsl_matrix_get(net->W2, i, k));
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2 * reg * gsl_matrix_get(net->W1, i, j));

    gsl_matrix_memcpy(g->dz2, adjZ2);
    gsl_matrix_memcpy(g->dp1, adjP1);
    gsl_matrix_memcpy(g->dz1, adjZ1);
    gsl_matrix_free(adjZ2);
    gsl_matrix_free(adjP1);
    gsl_matrix_free(adjZ1);
    g->present = BP_GRADS_ALL;
    return 0;
}
