/* backward.c -- copy everything into plain 2-D arrays, do the maths with
 * a[i][j], copy the results back into g.  (VLAs, C99.)
 */
#include "backprop.h"

static void load(size_t r, size_t c, double a[r][c], const gsl_matrix *m)
{
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++)
            a[i][j] = gsl_matrix_get(m, i, j);
}

/* m is r x c; t gets m^T (c x r).  GSL is row-major, so reading the
 * buffer in column-major order gives the transpose. */
static void load_T(size_t r, size_t c, double t[c][r], const gsl_matrix *m)
{
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++)
            t[j][i] = m->data[i + j * r];
}

static void store(size_t r, size_t c, double a[r][c], gsl_matrix *m)
{
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++)
            gsl_matrix_set(m, i, j, a[i][j]);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double x[N][D], z1[N][H], p1[N][H], prob[N][C];
    double w1[D][H], w2[H][C], w2t[C][H];
    double dz2[N][C], dw2[H][C], dp1[N][H], dz1[N][H], dw1[D][H];

    load(N, D, x, X);
    load(N, H, z1, cache->z1);
    load(N, H, p1, cache->p1);
    load(N, C, prob, cache->prob);
    load(D, H, w1, net->W1);
    load(H, C, w2, net->W2);
    load_T(H, C, w2t, net->W2);

    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            dz2[i][c] = (prob[i][c] - (y[i] == c)) / N;

    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            dw2[h][c] = 2 * reg * w2[h][c];
            for (size_t i = 0; i < N; i++)
                dw2[h][c] += p1[i][h] * dz2[i][c];
        }

    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += dz2[i][c];
        gsl_vector_set(g->db2, c, s);
    }

    /* dp1 = dz2 . W2^T */
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            dp1[i][h] = 0;
            for (size_t c = 0; c < C; c++)
                dp1[i][h] += dz2[i][c] * w2t[c][h];
            dz1[i][h] = z1[i][h] > 0 ? dp1[i][h] : 0;
        }

    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            dw1[d][h] = 2 * reg * w1[d][h];
            for (size_t i = 0; i < N; i++)
                dw1[d][h] += x[i][d] * dz1[i][h];
        }

    for (size_t h = 0; h < H; h++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += dz1[i][h];
        gsl_vector_set(g->db1, h, s);
    }

    store(N, C, dz2, g->dz2);
    store(H, C, dw2, g->dW2);
    store(N, H, dp1, g->dp1);
    store(N, H, dz1, g->dz1);
    store(D, H, dw1, g->dW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
