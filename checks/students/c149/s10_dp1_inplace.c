/* backward.c
 * Backward pass of the two layer net for gradcheck.
 * To save memory the relu is applied in place: the same array holds
 * dp1 and then dz1.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double **Alloc(size_t r, size_t c)
{
    double **p = (double **) malloc(r * sizeof(double *));
    for (size_t i = 0; i < r; i++)
    {
        p[i] = (double *) calloc(c, sizeof(double));
    }
    return p;
}

static void Free(double **p, size_t r)
{
    for (size_t i = 0; i < r; i++)
    {
        free(p[i]);
    }
    free(p);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    double **x = Alloc(N, D), **w1 = Alloc(D, H), **w2 = Alloc(H, C);
    double **z1 = Alloc(N, H), **p1 = Alloc(N, H), **scores = Alloc(N, C);
    double **dw1 = Alloc(D, H), **dw2 = Alloc(H, C), **dhid = Alloc(N, H);
    double *db1 = (double *) calloc(H, sizeof(double));
    double *db2 = (double *) calloc(C, sizeof(double));

    for (i = 0; i < N; i++)
    {
        for (k = 0; k < D; k++) x[i][k] = gsl_matrix_get(X, i, k);
        for (j = 0; j < H; j++) z1[i][j] = gsl_matrix_get(cache->z1, i, j);
        for (j = 0; j < H; j++) p1[i][j] = gsl_matrix_get(cache->p1, i, j);
        for (j = 0; j < C; j++) scores[i][j] = gsl_matrix_get(cache->prob, i, j);
    }
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) w1[k][j] = gsl_matrix_get(net->W1, k, j);
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) w2[j][k] = gsl_matrix_get(net->W2, j, k);

    /* scores becomes dscores = (prob - y) / N */
    for (i = 0; i < N; i++)
    {
        scores[i][y[i]] -= 1.0;
        for (j = 0; j < C; j++) scores[i][j] /= (double) N;
    }

    /* W2, b2 and the hidden gradient */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            db2[k] += scores[i][k];
            for (j = 0; j < H; j++)
            {
                dw2[j][k] += p1[i][j] * scores[i][k];
                dhid[i][j] += scores[i][k] * w2[j][k];
            }
        }
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) dw2[j][k] += 2.0 * reg * w2[j][k];

    /* relu backward, in place */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (z1[i][j] <= 0.0) dhid[i][j] = 0.0;

    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            db1[j] += dhid[i][j];
            for (k = 0; k < D; k++) dw1[k][j] += x[i][k] * dhid[i][j];
        }
    }
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) dw1[k][j] += 2.0 * reg * w1[k][j];

    /* copy out */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++) gsl_matrix_set(g->dz2, i, j, scores[i][j]);
        for (j = 0; j < H; j++)
        {
            gsl_matrix_set(g->dp1, i, j, dhid[i][j]);
            gsl_matrix_set(g->dz1, i, j, dhid[i][j]);
        }
    }
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++) gsl_matrix_set(g->dW2, j, k, dw2[j][k]);
        gsl_vector_set(g->db1, j, db1[j]);
    }
    for (k = 0; k < C; k++) gsl_vector_set(g->db2, k, db2[k]);
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) gsl_matrix_set(g->dW1, k, j, dw1[k][j]);

    Free(x, N); Free(w1, D); Free(w2, H); Free(z1, N); Free(p1, N);
    Free(scores, N); Free(dw1, D); Free(dw2, H); Free(dhid, N);
    free(db1); free(db2);
    g->present = BP_GRADS_ALL;
    return 0;
}
