/*
 * HW4 backward pass -- TODO 1..7
 * local VLAs as in the skeleton, with a couple of helpers so the
 * TODO blocks stay short.  reg terms are added when copying out.
 */
#include "backprop.h"

#define GET(m, i, j) gsl_matrix_get((m), (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B, A is a gsl matrix (n x a), B is n x b */
static void tmul(const gsl_matrix *A, size_t n, size_t b, double B[n][b],
                 double out[][b])
{
    for (size_t r = 0; r < A->size2; r++)
        for (size_t c = 0; c < b; c++) {
            double acc = 0.0;
            for (size_t i = 0; i < n; i++)
                acc += GET(A, i, r) * B[i][c];
            out[r][c] = acc;
        }
}

/* out[j] = sum over the rows of A */
static void sum_rows(size_t rows, size_t cols, double A[rows][cols],
                     double out[cols])
{
    for (size_t j = 0; j < cols; j++) {
        out[j] = 0.0;
        for (size_t i = 0; i < rows; i++)
            out[j] += A[i][j];
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    double dscores[N][C];
    double dW2[H][C];
    double db2[C];
    double dhidden[N][H];
    double dz1[N][H];
    double dW1[D][H];
    double db1[H];

    /* TODO 1 */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
            dscores[i][j] = (GET(cache->prob, i, j) - (double)(j == y[i])) / N;

    /* TODO 2 (reg added below) */
    tmul(cache->p1, N, C, dscores, dW2);

    /* TODO 3 */
    sum_rows(N, C, dscores, db2);

    /* TODO 4 */
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            dhidden[i][h] = 0.0;
            for (size_t j = 0; j < C; j++)
                dhidden[i][h] += dscores[i][j] * GET(net->W2, h, j);
        }

    /* TODO 5: relu'(z) = 1 if the unit was on, p1 > 0 is the same as z1 > 0 */
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            dz1[i][h] = GET(cache->p1, i, h) > 0.0 ? dhidden[i][h] : 0.0;

    /* TODO 6 (reg added below) */
    tmul(X, N, H, dz1, dW1);

    /* TODO 7 */
    sum_rows(N, H, dz1, db1);

    /* copy into g */
    gsl_matrix_view v;
    v = gsl_matrix_view_array(&dscores[0][0], N, C);
    gsl_matrix_memcpy(g->dz2, &v.matrix);
    v = gsl_matrix_view_array(&dhidden[0][0], N, H);
    gsl_matrix_memcpy(g->dp1, &v.matrix);
    v = gsl_matrix_view_array(&dz1[0][0], N, H);
    gsl_matrix_memcpy(g->dz1, &v.matrix);

    for (size_t h = 0; h < H; h++)
        for (size_t j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, h, j, dW2[h][j] + 2 * reg * GET(net->W2, h, j));
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, dW1[d][h] + 2 * reg * GET(net->W1, d, h));
    for (size_t j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (size_t h = 0; h < H; h++)
        gsl_vector_set(g->db1, h, db1[h]);

    g->present = BP_GRADS_ALL;
    return 0;
}
