/* Two-layer net, backward.
 *
 * Style note to self: every GSL matrix gets copied into a malloc'd
 * double ** first (helper getm), the gradients are plain loops like the
 * lecture slides, and at the end everything goes back with gsl_*_set.
 */

#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double **zeros(size_t r, size_t c)
{
        double **m = calloc(r, sizeof(double *));
        for (size_t i = 0; i < r; i++)
                m[i] = calloc(c, sizeof(double));
        return m;
}

static double **getm(const gsl_matrix *src)
{
        double **m = zeros(src->size1, src->size2);
        for (size_t i = 0; i < src->size1; i++)
                for (size_t j = 0; j < src->size2; j++)
                        m[i][j] = gsl_matrix_get(src, i, j);
        return m;
}

static void putm(gsl_matrix *dst, double **m)
{
        for (size_t i = 0; i < dst->size1; i++)
                for (size_t j = 0; j < dst->size2; j++)
                        gsl_matrix_set(dst, i, j, m[i][j]);
}

static void freem(double **m, size_t r)
{
        for (size_t i = 0; i < r; i++)
                free(m[i]);
        free(m);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
        size_t N = X->size1, D = net->D, H = net->H, C = net->C;
        if (N != cache->N || X->size2 != D || g->N != N)
                return 1;

        double **Xm = getm(X), **W1 = getm(net->W1), **W2 = getm(net->W2);
        double **Z1 = getm(cache->z1), **P1 = getm(cache->p1);
        double **dZ2 = getm(cache->prob);
        double **dW2 = zeros(H, C), **dP1 = zeros(N, H), **dZ1 = zeros(N, H);
        double **dW1 = zeros(D, H);
        double *db2 = calloc(C, sizeof(double)), *db1 = calloc(H, sizeof(double));

        /* softmax loss */
        for (size_t n = 0; n < N; n++) {
                dZ2[n][y[n]] -= 1.0;
                for (size_t c = 0; c < C; c++) {
                        dZ2[n][c] /= N;
                        db2[c] += dZ2[n][c];
                }
        }

        /* layer 2 */
        for (size_t h = 0; h < H; h++)
                for (size_t c = 0; c < C; c++) {
                        for (size_t n = 0; n < N; n++)
                                dW2[h][c] += P1[n][h] * dZ2[n][c];
                        dW2[h][c] += 2 * reg * W2[h][c];
                }
        for (size_t n = 0; n < N; n++)
                for (size_t h = 0; h < H; h++)
                        for (size_t c = 0; c < C; c++)
                                dP1[n][h] += dZ2[n][c] * W2[h][c];

        /* relu */
        for (size_t n = 0; n < N; n++)
                for (size_t h = 0; h < H; h++)
                        dZ1[n][h] = Z1[n][h] > 0 ? dP1[n][h] : 0;

        /* layer 1 */
        for (size_t d = 0; d < D; d++)
                for (size_t h = 0; h < H; h++) {
                        for (size_t n = 0; n < N; n++)
                                dW1[d][h] += Xm[n][d] * dZ1[n][h];
                        dW1[d][h] += 2 * reg * W1[d][h];
                }
        for (size_t n = 0; n < N; n++)
                for (size_t h = 0; h < H; h++)
                        db1[h] += dZ1[n][h];

        /* back into g */
        putm(g->dz2, dZ2);
        putm(g->dW2, dW2);
        for (size_t c = 0; c < C; c++)
                gsl_vector_set(g->db2, c, db1[c]);
        putm(g->dp1, dP1);
        putm(g->dz1, dZ1);
        putm(g->dW1, dW1);
        for (size_t h = 0; h < H; h++)
                gsl_vector_set(g->db1, h, db1[h]);

        freem(Xm, N); freem(W1, D); freem(W2, H); freem(Z1, N); freem(P1, N);
        freem(dZ2, N); freem(dW2, H); freem(dP1, N); freem(dZ1, N); freem(dW1, D);
        free(db2);
        free(db1);
        g->present = BP_GRADS_ALL;
        return 0;
}
